"""The platform's common library: contracts, money, calendar, messaging, outbox/inbox,
database, auth and web plumbing. Services import this package and never each other."""
