"""Reading uploads: sniffing, parsing and typing a CSV, the upload stream and its progress."""
