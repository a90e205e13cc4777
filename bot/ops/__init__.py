"""Running the bot as a service: start-up checks, health and metrics, the deployment doctor, backups."""
