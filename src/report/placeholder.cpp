// Replaced by the renderers.
