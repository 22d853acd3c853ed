"""Small pure helpers shared by several stages."""
