import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOMPANIMENT_OUTCOMES, PARTNERSHIP_PHASES } from '@catalyse/domain';

/* OpenAPI schemas of a catalyseur's portfolio (documentation only). */

class PortfolioTerritorySchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty() readonly name!: string;
}

class PortfolioPartnerSchema {
  @ApiProperty() readonly orgId!: string;
  @ApiProperty() readonly name!: string;
}

export class AccompaniedPartnershipSchema {
  @ApiProperty() readonly partnershipId!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: PortfolioTerritorySchema }) readonly territory!: PortfolioTerritorySchema;
  @ApiProperty({ type: [PortfolioPartnerSchema] }) readonly partners!: PortfolioPartnerSchema[];
  @ApiProperty({ enum: PARTNERSHIP_PHASES }) readonly phase!: string;
  @ApiProperty({ format: 'date', description: 'Assigned on' }) readonly since!: string;
}

export class PastPartnershipSchema {
  @ApiProperty() readonly partnershipId!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: PortfolioTerritorySchema }) readonly territory!: PortfolioTerritorySchema;
  @ApiProperty({ type: [PortfolioPartnerSchema] }) readonly partners!: PortfolioPartnerSchema[];
  @ApiProperty({ enum: PARTNERSHIP_PHASES }) readonly phase!: string;
  @ApiProperty({ format: 'date', description: 'Assigned on' }) readonly from!: string;
  @ApiProperty({ format: 'date', description: 'Released on' }) readonly until!: string;
  @ApiPropertyOptional({ description: 'Why it was released' }) readonly reason?: string;
}

export class AccompaniedOrganisationSchema {
  @ApiProperty() readonly organisationId!: string;
  @ApiProperty() readonly accompanimentId!: string;
  @ApiProperty({ format: 'date', description: 'Opened on' }) readonly since!: string;
}

export class PastOrganisationSchema {
  @ApiProperty() readonly organisationId!: string;
  @ApiProperty() readonly accompanimentId!: string;
  @ApiProperty({ format: 'date', description: 'Opened on' }) readonly from!: string;
  @ApiProperty({ format: 'date', description: 'Closed on' }) readonly until!: string;
  @ApiPropertyOptional({ enum: ACCOMPANIMENT_OUTCOMES }) readonly outcome?: string;
}

export class CatalyseurPortfolioSchema {
  @ApiProperty() readonly catalyseurId!: string;
  @ApiProperty({ type: [AccompaniedPartnershipSchema], description: 'The partnerships it accompanies now, the latest assigned first' })
  readonly partnerships!: AccompaniedPartnershipSchema[];
  @ApiProperty({ type: [PastPartnershipSchema], description: 'Those it was released from, the latest first' })
  readonly pastPartnerships!: PastPartnershipSchema[];
  @ApiProperty({ type: [AccompaniedOrganisationSchema], description: 'The organisations it accompanies now (open accompaniments)' })
  readonly organisations!: AccompaniedOrganisationSchema[];
  @ApiProperty({ type: [PastOrganisationSchema], description: 'Its closed accompaniments, the latest first' })
  readonly pastOrganisations!: PastOrganisationSchema[];
}
