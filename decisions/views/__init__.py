"""Pages of decisions: meetings and agendas, decisions and the register, commitments."""
