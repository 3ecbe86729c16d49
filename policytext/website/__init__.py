"""The site's machinery: the Sphinx extension's jobs, one module each.

Registered by :func:`policytext.sphinxext.setup` (the name ``_config.yml``
gives). The helpers chapters call from their cells are in
:mod:`policytext.chapter`; only the about page reads the site's address and
build date from :mod:`policytext.website.citation`.
"""
