"""Resolution: from recognised surface forms to exact values in canonical units."""
