"""Any tabular file a person uploads (CSV, TSV, XLSX, whatever a CRM or Excel wrote), opened as
a stream of rows: CRM deal files, coded history, codebooks."""
