"""Training quotegraph's learned parts from gold in the PolNeAR layout (text/ and attributions/)."""
