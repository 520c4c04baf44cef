"""Site events: the help site reports searches, feedback and contact; `kbgen collect` keeps them."""
