"""Operations' catalogue pages: qualifications, their units and rules, and qualification files."""
