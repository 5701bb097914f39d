"""Domain operations. They take the SQLAlchemy session and the acting user, flush, and never commit."""
