"""Journey plans: itineraries with a server-computed cost and an enforced status machine."""
