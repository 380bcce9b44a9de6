import { Injectable } from '@nestjs/common';
import { DomainErrorCode, fail, workflowDefinitionDecider, type WorkflowDefinition, type WorkflowDefinitionState } from '@laurel/domain';
import { CommandRunner, streams, type StreamReader } from '@laurel/application';

const key = (definitionId: string, version: number) => `${definitionId}@${version}`;

/**
 * Published workflow definitions, from the `workflow-<id>` streams. A published version never
 * changes, so versions are kept in memory for the life of the process; "the newest version" can
 * change at any time and is read from the stream whenever it is asked for (register, nominate,
 * escalate).
 */
@Injectable()
export class WorkflowDefinitions {
  private readonly versions = new Map<string, WorkflowDefinition>();

  constructor(private readonly runner: CommandRunner) {}

  /** The pinned version an initiative runs on (`read`: the reader of the decision under way, if any). */
  async version(definitionId: string, version: number, read: StreamReader = this.runner.read): Promise<WorkflowDefinition> {
    const cached = this.versions.get(key(definitionId, version));
    if (cached) return cached;
    await this.stream(definitionId, read);
    return (
      this.versions.get(key(definitionId, version)) ??
      fail(DomainErrorCode.NOT_FOUND, `Workflow definition ${definitionId} v${version} is not published`)
    );
  }

  /** The newest published version: what a registration or a new nomination pins. */
  async newest(definitionId: string, read: StreamReader = this.runner.read): Promise<WorkflowDefinition> {
    const state = await this.stream(definitionId, read);
    return state.status === 'published' ? state.latest : fail(DomainErrorCode.NOT_FOUND, `Workflow definition ${definitionId} is not published`);
  }

  private async stream(definitionId: string, read: StreamReader): Promise<WorkflowDefinitionState> {
    const { state } = await read(streams.workflow(definitionId), workflowDefinitionDecider);
    if (state.status === 'published') {
      for (const definition of state.versions) this.versions.set(key(definition.id, definition.version), definition);
    }
    return state;
  }
}
