"""Opening, creating and overseeing a study: welcome screen, new-study dialog, overview tab."""
