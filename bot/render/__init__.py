"""Turn SOPs and time standards into text for people: terminal tables and phrases."""
