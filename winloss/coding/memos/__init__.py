"""Analysts' memos: models, writes, reads, pages and the export."""
