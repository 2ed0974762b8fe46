"""renkei (連携): the information-sharing platform of Japan's SSW Memoranda of Cooperation."""
