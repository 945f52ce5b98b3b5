"""The newsroom: articles, images, sections, sources, stories and the rules of publishing."""
