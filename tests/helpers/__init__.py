"""What the tests share: where things are (`data`), running the command (`cli`), writing and
reading files (`files`), built sites (`sites`), the fixture models (`fixture_models`), reading
built HTML (`htmlcheck`) and PDFs (`pdf`), and headless Chromium (`browser`)."""
