"""The staff dormitories on the web: resident, tenancy, runs, manage (views) and forms."""
