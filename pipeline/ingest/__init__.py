"""Reading raw article files and parsing them into articles or rejects."""
