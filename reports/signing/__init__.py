"""PAdES signatures of archival records: keys (``keys``), signing (``sign``), validation
(``verify``) and the demo PKI of ``make run`` (``demo_pki``)."""
