"""polex: policy documents to tables of organizations, countries, dates and amounts."""
