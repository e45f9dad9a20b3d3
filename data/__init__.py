"""The CSV tables of the series, installed with the package as ``cramp_care_data`` (see helpers.data)."""
