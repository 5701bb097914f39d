"""City Hall Scheduler: booking and dispatch for Taipei City Hall."""
