/**
 * Re-reads one session's transcript into a {@link TimelineBuilder}, incrementally: the core's own readers (the tailer for
 * line files, the document reader for rewritten JSON documents) with a sink that keeps the read position in memory and
 * hands the parsed events to the builder instead of the engine. Only the session shown in the session panel is read, so
 * the engine's store keeps no more than it did.
 */
import { createCodexFormat } from '../../core/agents/codex/kind';
import { DocumentReader } from '../../core/ingest/documentReader';
import { kindForFile, transcriptKind } from '../../core/ingest/kinds';
import type { IngestSink } from '../../core/ingest/sink';
import { FileAccess, Tailer, TranscriptFormat } from '../../core/ingest/tailer';
import type { TranscriptKind } from '../../core/ingest/transcriptKind';
import { TimelineBuilder } from '../../core/dashboard/timeline';
import type { TimelineData } from '../../core/dashboard/protocol';
import type { FileState } from '../../core/store/store';

/** Bytes of a file's head read to recognise its kind when the sources do not list it. */
const HEAD_BYTES = 4096;

/**
 * A format instance of this source's own. The Codex rollout parser keeps per-session state across lines (the running
 * token totals it turns into per-response usage); re-reading a file with the engine's shared instance would count no
 * usage here and, read ahead of the engine, none there either.
 */
function ownFormat(format: TranscriptFormat): TranscriptFormat {
  return format.agent === 'codex' ? createCodexFormat() : format;
}

/** A session's timeline, read from its transcript. */
export class TimelineSource {
  private builder: TimelineBuilder;
  private readonly files = new Map<string, FileState>();
  private readonly tailer: Tailer;
  private readonly documents: DocumentReader;
  private kind: TranscriptKind | undefined;
  private reading: Promise<boolean> | undefined;
  private again = false;
  /** The line format this source parses with (its own instance where the format keeps state between lines). */
  private lineFormat: TranscriptFormat | undefined;
  /** Bumped when the file shrank and is read from the start: the page must take everything again. */
  private generationNo = 0;

  /**
   * @param file the session's transcript ('' when it has none: the timeline stays empty)
   * @param kindId the kind the transcript sources gave the file, if they list it
   */
  constructor(
    private readonly fs: FileAccess,
    readonly sessionId: string,
    readonly file: string,
    kindId: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.builder = new TimelineBuilder(sessionId, now);
    this.kind = kindId ? transcriptKind(kindId) : undefined;
    const sink: IngestSink = {
      fileState: (p) => this.files.get(p),
      setFileState: (s) => void this.files.set(s.path, s),
      deleteFileState: (p) => {
        this.files.delete(p);
        this.restart();
      },
      updateSession: () => undefined,
      ingest: (events) => this.builder.add(events),
      noteSkippedLines: () => undefined,
    };
    const yieldControl = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
    this.tailer = new Tailer(fs, sink, { yieldControl });
    this.documents = new DocumentReader(fs, sink, { yieldControl });
  }

  /** Forgets the timeline read so far: the file is read from its start again, and the page must take it all again. */
  private restart(): void {
    this.lineFormat = undefined;
    this.builder = new TimelineBuilder(this.sessionId, this.now);
    this.generationNo++;
  }

  /** True when the session has a transcript of a known kind. */
  get readable(): boolean {
    return !!this.file && !!this.kind;
  }

  /** Changes when the timeline was started over (the file shrank or was replaced). */
  get generation(): number {
    return this.generationNo;
  }

  /** The timeline read so far. */
  timeline(): TimelineData {
    return this.builder.timeline();
  }

  /**
   * Reads what was appended since the last read. Resolves true when the timeline changed. Never rejects: a file that
   * cannot be read leaves the timeline as it was. Calls made during a read are merged into one more read after it.
   */
  refresh(): Promise<boolean> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      let changed = false;
      do {
        this.again = false;
        changed = (await this.readOnce()) || changed;
      } while (this.again);
      return changed;
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOnce(): Promise<boolean> {
    if (!this.file) {
      return false;
    }
    try {
      if (!this.kind) {
        const head = new TextDecoder().decode(await this.fs.read(this.file, 0, HEAD_BYTES));
        this.kind = kindForFile(this.file, head);
        if (!this.kind) {
          return false;
        }
      }
      const before = this.builder.timeline().totals.events;
      const generation = this.generationNo;
      if (this.kind.reader === 'lines') {
        // A line file that shrank was replaced or truncated: the tailer reads it from the start, so start over here too.
        const known = this.files.get(this.file);
        const st = known ? await this.fs.stat(this.file) : undefined;
        if (known && st && st.size < known.offset) {
          this.files.delete(this.file);
          this.restart();
        }
        this.lineFormat ??= ownFormat(this.kind.format);
        await this.tailer.read(this.file, this.lineFormat, this.sessionId, false);
      } else {
        await this.documents.read(this.file, this.kind.format, this.sessionId, false);
      }
      return generation !== this.generationNo || this.builder.timeline().totals.events !== before;
    } catch {
      return false;
    }
  }
}
