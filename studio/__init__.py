"""The Streamlit user interface of the studio: frame widgets, state, charts, pages."""
