"""The admin's records: users (users), vehicles and outages (fleet), venues and fees (venues), and the
shared save/retire/search helpers for every resource (resources)."""
