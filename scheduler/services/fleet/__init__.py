"""Pooled cars: trip requests (trips), free-car hints (availability), fit rules (rules), passenger
surveys (surveys), recalls and maintenance of vehicles (outages)."""
