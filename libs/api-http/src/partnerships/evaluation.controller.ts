import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import type { Principal } from '@catalyse/protocol';
import { ApiCommand, ApiCommonErrors } from '../openapi/decorators';
import type { CommandAccepted } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { type CommandMeta, CommandHeaders } from '../shared/request-meta';
import { AssessImpactDto, ConcludeEvaluationDto, OpenEvaluationDto } from './evaluation.dto';
import { PartnershipGate } from './partnership-gate';

/** Évaluation: impact on the three dimensions, then renouveler, essaimer or clore. */
@ApiTags('partnerships')
@ApiCommonErrors()
@Controller('partnerships')
export class EvaluationController {
  constructor(@Inject(PartnershipGate) private readonly gate: PartnershipGate) {}

  @Post(':id/open-evaluation')
  @ApiCommand('Open the evaluation (ends pilotage)')
  openEvaluation(
    @Param('id', IdPipe) id: string,
    @Body() dto: OpenEvaluationDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({ type: 'OpenEvaluation', data: { openedOn: dto.openedOn ?? at.today } }));
  }

  @Post(':id/assess-impact')
  @ApiCommand('Assess the impact on one dimension')
  assessImpact(
    @Param('id', IdPipe) id: string,
    @Body() dto: AssessImpactDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, () => ({
      type: 'AssessImpact',
      data: { dimension: dto.dimension, score: dto.score, evidence: dto.evidence },
    }));
  }

  @Post(':id/conclude-evaluation')
  @ApiCommand('Conclude the evaluation: renouveler (new cycle in cadrage), essaimer or clore')
  concludeEvaluation(
    @Param('id', IdPipe) id: string,
    @Body() dto: ConcludeEvaluationDto,
    @CurrentPrincipal() principal: Principal,
    @CommandHeaders() meta: CommandMeta,
  ): Promise<CommandAccepted> {
    return this.gate.act(principal, id, meta, (at) => ({
      type: 'ConcludeEvaluation',
      data: { decision: dto.decision, concludedOn: dto.concludedOn ?? at.today },
    }));
  }
}
