// The replay tool's parts, one namespace a folder of tools/PipesLake.Replay.
global using PipesLake.Replay.Commands;
global using PipesLake.Replay.Lake;
global using PipesLake.Replay.Runs;
