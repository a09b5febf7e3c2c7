-- Deleting a preset (or an account, with its presets) sets chat_sessions.preset_id to null:
-- without an index PostgreSQL would scan every stored conversation for each preset. (H2
-- indexes foreign keys by itself; the statement is the same on both.)
create index chat_sessions_by_preset on chat_sessions (preset_id);
