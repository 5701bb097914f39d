"""The dispatcher's pages: the board, optimizer runs and drafts, approval, recalls (views) and their forms."""
