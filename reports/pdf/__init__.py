"""HTML → PDF for reports: Thai typography, SVG charts, rendering with progress."""
