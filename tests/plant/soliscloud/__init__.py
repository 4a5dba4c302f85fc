"""Tests of the SolisCloud client against a fake SolisCloud server."""
