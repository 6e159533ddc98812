"""The live service: app factory, accounts, cases, records, audit."""
