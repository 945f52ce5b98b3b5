"""What machines read: feeds, sitemaps, robots.txt and the structured data in page heads."""
