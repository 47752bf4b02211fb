"""Certificates: one for every full award and a unit certificate (notification of performance)
for units achieved without it; their PDFs, replacement and withdrawal, and the public look-up
that verifies one (`/verify/`)."""
