# Screened names and hits are not in the admin: they are names from misconduct reports and
# registers, case content that administrators do not read (DESIGN §1). Reviewers work in the
# review queue (views.py, api.py), where scoping and the ledger apply.
