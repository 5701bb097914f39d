"""Pooled cars, the requester's side: car requests and trip outcomes (views), their forms, and the passenger survey."""
