// The tool's parts, one namespace a folder: the commands (parsing only), the jobs (one runner for every command),
// the Pipes and Firehose emulations, the runs that join them, their inputs, the storage every write goes through,
// the run state (leases, journals), the dead-letter messages read back, the Parquet conversion and the query engine. Most files use several of them.
global using PipesLake.Blueprint.Filtering;
global using PipesLake.Replay.Commands;
global using PipesLake.Replay.Conversion;
global using PipesLake.Replay.DeadLetters;
global using PipesLake.Replay.Firehose;
global using PipesLake.Replay.Input;
global using PipesLake.Replay.Jobs;
global using PipesLake.Replay.Pipes;
global using PipesLake.Replay.Query;
global using PipesLake.Replay.Reconcile;
global using PipesLake.Replay.Runs;
global using PipesLake.Replay.RunState;
global using PipesLake.Replay.Storage;
