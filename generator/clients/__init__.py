"""Client profiles and what comes with them: logos, brand colours, passphrases, private pages, the portfolio."""
