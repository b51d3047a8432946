// The replay tool's parts, one namespace a folder of tools/PipesLake.Replay.
global using PipesLake.Replay.Commands;
global using PipesLake.Replay.Query;
global using PipesLake.Replay.Storage;
global using PipesLake.Replay.Runs;
