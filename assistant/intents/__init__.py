"""Intent handlers; importing this package registers every built-in intent."""
