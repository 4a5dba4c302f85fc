"""Plants: inverters controlled through SolisCloud, as config subentries of a home."""
