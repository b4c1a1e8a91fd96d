"""Row contracts: pydantic models for every table and the Arrow schemas derived from them."""
