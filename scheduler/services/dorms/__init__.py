"""Staff dormitories: the waiting list and vacant rooms (queue)."""
