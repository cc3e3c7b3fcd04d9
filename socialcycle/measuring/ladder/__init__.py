"""The engagement ladder: stages, the funnel, advocates and detractors, stored figures."""
