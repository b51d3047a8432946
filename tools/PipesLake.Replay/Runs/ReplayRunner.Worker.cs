using System.Text.Json;
using System.Runtime.InteropServices;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

internal sealed partial class ReplayRunner
{
    private const string SourceArnField = "eventSourceARN";

    /// <summary>One worker's own pipes (one per table), function and buffers: nothing shared but the lake writer.</summary>
    private sealed class Worker
    {
        private readonly ReplayRunner _runner;
        private readonly Dictionary<string, TablePipe> _pipes;
        private readonly PartitioningFunction _function;
        private readonly UnitLines _lines;
        private readonly HashSet<(long, string)> _active = [];
        private readonly RecordView? _view;
        private readonly string[] _kept = [];
        private readonly int _sourceField = -1;
        private byte[] _lastSource = [];
        private TablePipe? _lastPipe;
        private UnitResult _result = new();
        private long _unit;
        private int _invocation;

        public Worker(ReplayRunner runner)
        {
            _runner = runner;
            _function = new PartitioningFunction(runner._options.Settings.FunctionOptions);
            _lines = runner._writer.Worker();
            _pipes = new Dictionary<string, TablePipe>(StringComparer.Ordinal);

            // Templates of top-level fields render from their raw bytes: no document of the whole record. One view keeps
            // what every table's template and filter read, and the field that names the record's table.
            TablePipe[] pipes = [.. runner._options.Settings.Tables.Select(table => new TablePipe(runner.Route(table)))];
            if (pipes.All(p => p.Template.TopLevelFields is not null))
            {
                _kept = [.. pipes.SelectMany(p => p.Template.TopLevelFields!.Concat(p.FilterNames)).Append(SourceArnField).Distinct(StringComparer.Ordinal)];
                _view = new RecordView(_kept, ("dynamodb", "ApproximateCreationDateTime"));
                _sourceField = Array.IndexOf(_kept, SourceArnField);
            }

            foreach (TablePipe pipe in pipes)
            {
                Add(pipe);
            }
        }

        public UnitResult Run(RawUnit unit)
        {
            _result = new UnitResult();
            (_unit, _invocation) = (unit.Ordinal, 0);
            _active.Clear();
            _lines.Begin(unit.Ordinal);
            for (int i = 0; i < unit.Count; i++)
            {
                if (Render(unit[i], unit.Line(i)) is not { } rendered)
                {
                    continue;
                }

                (TablePipe pipe, int start, long window) = rendered;
                RenderedBatch batch = pipe.Batch;
                if (batch.Bytes.WrittenCount - start > FirehoseLimits.MaxRecordBytes)
                {
                    // Firehose refuses the record; the pipe retries the batch and then sends it to the DLQ.
                    batch.Discard(start);
                    _result.TooLarge.Add(unit.Line(i));
                    continue;
                }

                batch.EndRecord(window);
                if (batch.Count >= _runner._options.BatchRecords || batch.Bytes.WrittenCount >= _runner._options.BatchBytes)
                {
                    Invoke(pipe);
                }
            }

            // Each table's stream invokes the function with its own batches; in table order, so the lake is the same.
            foreach (TablePipe pipe in _pipes.Values.Where(p => p.Batch.Count > 0).OrderBy(p => p.Route.Table.Name, StringComparer.Ordinal))
            {
                Invoke(pipe);
            }

            _lines.End();
            return _result;
        }

        /// <summary>Parses, routes, filters and renders one record onto its table's batch; null when it is malformed or filtered out.</summary>
        private (TablePipe Pipe, int Start, long Window)? Render(ReadOnlyMemory<byte> json, long line)
        {
            if (_view is null)
            {
                return RenderFromDocument(json, line);
            }

            ReadOnlySpan<byte> record = json.Span;
            if (!_view.TryRead(record))
            {
                _result.MalformedLines.Add(line);
                return null;
            }

            TablePipe pipe = PipeOf(_view.TryGet(record, _sourceField, out ReadOnlySpan<byte> source) ? source : default, line);
            // The filter sees the fields it names, as they are in the record: it decides on them alone. A repeated name
            // gives the filter every one of its values (event-ruler), which only the whole record holds.
            if (!(_view.Repeats ? pipe.PassesWhole(record) : pipe.Passes(record, _view)))
            {
                _result.FilteredOut++;
                return null;
            }

            int start = pipe.Batch.Bytes.WrittenCount;
            pipe.Template.Render(record, _view, pipe.Batch.Bytes);
            long window = _view.Number is { } seconds && seconds >= 0 ? (long)seconds / _runner._options.Settings.BufferIntervalSeconds : -1;
            return (pipe, start, window);
        }

        /// <summary>For a template whose paths go below the top level: the whole record as a document.</summary>
        private (TablePipe Pipe, int Start, long Window)? RenderFromDocument(ReadOnlyMemory<byte> json, long line)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                _result.MalformedLines.Add(line);
                return null;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    _result.MalformedLines.Add(line);
                    return null;
                }

                TablePipe pipe = PipeOf(root.TryGetProperty(SourceArnField, out JsonElement source) ? JsonMarshal.GetRawUtf8Value(source) : default, line);
                if (!pipe.Patterns.Any(p => p.Matches(root)))
                {
                    _result.FilteredOut++;
                    return null;
                }

                int start = pipe.Batch.Bytes.WrittenCount;
                pipe.Template.Render(root, pipe.Batch.Bytes);
                long window = -1;
                if (root.TryGetProperty("dynamodb", out JsonElement dynamodb) && dynamodb.ValueKind == JsonValueKind.Object
                    && dynamodb.TryGetProperty("ApproximateCreationDateTime", out JsonElement created) && created.ValueKind == JsonValueKind.Number
                    && created.TryGetDouble(out double seconds) && seconds >= 0)
                {
                    window = (long)seconds / _runner._options.Settings.BufferIntervalSeconds;
                }

                return (pipe, start, window);
            }
        }

        /// <summary>
        /// The pipe of the table a record's <c>eventSourceARN</c> (its raw JSON, empty when absent) names; records of one
        /// stream come together, so the last one's is kept.
        /// </summary>
        /// <exception cref="ReplayException">The record names a table the stack does not list, or none and there is no default.</exception>
        private TablePipe PipeOf(ReadOnlySpan<byte> source, long line)
        {
            if (source.IsEmpty)
            {
                return _runner._default is { } route ? Pipe(route.Table)
                    : throw new ReplayException($"line {line} has no {SourceArnField}, so its table is unknown; pass --table with {_runner._tables.Choices}.");
            }

            if (_lastPipe is not null && source.SequenceEqual(_lastSource))
            {
                return _lastPipe;
            }

            string? arn = null;
            var reader = new Utf8JsonReader(source);
            if (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                arn = reader.GetString();
            }

            string name = StackTables.NameInArn(arn)
                ?? throw new ReplayException($"line {line}'s {SourceArnField} is not a DynamoDB stream's ARN (arn:aws:dynamodb:…:table/<name>/stream/…).");
            _lastPipe = Pipe(_runner._tables.Named(name, $"line {line}'s {SourceArnField}"));
            _lastSource = source.ToArray();
            return _lastPipe;
        }

        /// <summary>The worker's pipe of a table, made when the table's first record comes.</summary>
        private TablePipe Pipe(TableSettings table) =>
            _pipes.TryGetValue(table.Name, out TablePipe? pipe) ? pipe : Add(new TablePipe(_runner.Route(table)));

        private TablePipe Add(TablePipe pipe)
        {
            if (_view is not null)
            {
                // A table met only in the records is the stack's defaults under its own name: its fields are the view's.
                pipe.FilterFields = [.. pipe.FilterNames.Select(f => Array.IndexOf(_kept, f))];
                if (pipe.FilterFields.Contains(-1) || !pipe.Template.TopLevelFields!.All(_kept.Contains))
                {
                    throw new InvalidOperationException($"The table {pipe.Route.Table.Name} reads fields the worker's view does not keep.");
                }
            }

            _pipes.Add(pipe.Route.Table.Name, pipe);
            return pipe;
        }

        /// <summary>
        /// One function invocation of a table's batch. Firehose hands the function base64 and the function decodes it:
        /// the record's bytes reach its transform unchanged, so they are passed as they are; only a failed record's
        /// rawData, which Firehose writes, is encoded.
        /// </summary>
        private void Invoke(TablePipe pipe)
        {
            _result.Invocations++;
            RenderedBatch batch = pipe.Batch;
            DeliveryFaults? faults = _runner._options.Faults;
            int invocation = _invocation++, pipeBatch = _runner._options.Settings.PipeBatchSize;
            string table = pipe.Route.Table.Name;
            for (int i = 0; i < batch.Count; i++)
            {
                Deliver(pipe, batch, i, copy: false);
                if (faults is null)
                {
                    continue;
                }

                // A partial failure only delays: the pipe retries exactly the records Firehose did not take.
                _result.Retried += faults.Refuses(_unit, table, invocation, i) ? 1 : 0;
                if (faults.Resends(_unit, table, invocation, i / pipeBatch))
                {
                    // Firehose took the pipe's batch, the answer was lost, the pipe sent it again: each record twice.
                    Deliver(pipe, batch, i, copy: true);
                    _result.Resent++;
                }
            }

            batch.Clear();
        }

        /// <summary>Record <paramref name="i"/> of the batch through the function; a copy (a batch sent again) is written, not counted as read.</summary>
        private void Deliver(TablePipe pipe, RenderedBatch batch, int i, bool copy)
        {
            ReadOnlySpan<byte> rendered = batch[i];
            TransformOutcome outcome = _function.Transform(rendered);
            if (outcome.IsOk)
            {
                string prefix = pipe.Prefixes.For(outcome.Key);
                _lines.Append(prefix, _function.Line);
                _result.Delivered += copy ? 0 : 1;
                if (batch.Window(i) >= 0 && _active.Add((batch.Window(i), prefix)))
                {
                    _result.Active.Add((pipe.Route, batch.Window(i), prefix));
                }
            }
            else
            {
                if (!copy)
                {
                    _result.FailedByReason.Count(outcome.Failure);
                }

                _runner._writer.AppendError(_lines, pipe.Route.ErrorPrefix, outcome, Convert.ToBase64String(rendered), _runner._lambdaArn);
            }
        }
    }
}
