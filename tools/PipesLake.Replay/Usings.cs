// The tool's parts, one namespace a folder: commands, the Pipes and Firehose emulations, the runs that join
// them, their inputs and the lake store. Most files use several of them.
global using PipesLake.Replay.Commands;
global using PipesLake.Replay.Conversion;
global using PipesLake.Replay.Firehose;
global using PipesLake.Replay.Input;
global using PipesLake.Replay.Jobs;
global using PipesLake.Replay.Lake;
global using PipesLake.Replay.Pipes;
global using PipesLake.Blueprint.Filtering;
global using PipesLake.Replay.Runs;
