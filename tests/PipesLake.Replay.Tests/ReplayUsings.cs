// The replay tool's parts, one namespace a folder of tools/PipesLake.Replay.
global using PipesLake.Replay.Commands;
global using PipesLake.Replay.Conversion;
global using PipesLake.Replay.DeadLetters;
global using PipesLake.Replay.Firehose;
global using PipesLake.Replay.Input;
global using PipesLake.Replay.Jobs;
global using PipesLake.Replay.Query;
global using PipesLake.Replay.Reconcile;
global using PipesLake.Replay.RunState;
global using PipesLake.Replay.Storage;
global using PipesLake.Replay.Pipes;
global using PipesLake.Replay.Runs;
