"""Service layer: owns session lifetime and caching, calls db.queries and the domain rules."""
