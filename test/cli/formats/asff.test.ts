import { Ajv } from 'ajv';
import { expect } from 'chai';
import type { ClusterFinding } from '../../../src/cli/findings.ts';
import { type AsffFinding, renderAsff } from '../../../src/cli/formats/asff.ts';
import { InputError } from '../../../src/errors.ts';
import { ASFF_FINDING_SCHEMA } from './asffFinding.schema.ts';
import { ACCOUNT, dnsProblem, finding, s3Problem, WORKGROUP_UUID } from './findingBuilder.ts';

const WORKGROUP_ARN = `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:workgroup/${WORKGROUP_UUID}`;

const validate = new Ajv({ allErrors: true, strict: true }).compile(ASFF_FINDING_SCHEMA);

const render = (findings: readonly ClusterFinding[], productArn?: string): AsffFinding[] =>
  JSON.parse(renderAsff(findings, productArn === undefined ? {} : { productArn })) as AsffFinding[];

const one = (f: ClusterFinding): AsffFinding => {
  const [asff] = render([f]);
  if (asff === undefined) throw new Error('no finding rendered');
  return asff;
};

const expectValid = (asff: unknown): void => {
  const valid = validate(asff);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).to.deep.equal([]);
  expect(valid).to.equal(true);
};

/** A problem long enough that the full texts exceed every ASFF length limit. */
const longProblems = Array.from({ length: 40 }, (_, i) =>
  s3Problem({
    routeTableId: `rtb-${String(i).padStart(17, '0')}`,
    detail: `No S3 route from ${Array.from({ length: 5 }, (_, j) => `subnet-${i}${j}abcdef0123456789`).join(', ')} (route table rtb-${i}).`,
  }),
);

describe('renderAsff', () => {
  const all = [
    finding({ problems: [s3Problem(), dnsProblem()] }),
    finding({ clusterIdentifier: 'bi', complianceType: 'COMPLIANT', summary: 'Enhanced VPC routing is on.' }),
    finding({
      clusterIdentifier: 'legacy',
      complianceType: 'NOT_APPLICABLE',
      exemption: { tagKey: 'evr-exempt', reason: 'vendor appliance' },
      summary: 'Exempt (evr-exempt): vendor appliance.',
    }),
    finding({ clusterIdentifier: 'huge', problems: longProblems, summary: 'S'.repeat(2000) }),
    finding({ clusterIdentifier: 'gov', region: 'us-gov-west-1', clusterArn: null }),
    finding({ kind: 'workgroup', problems: [s3Problem(), dnsProblem()] }),
    finding({ kind: 'workgroup', clusterIdentifier: 'bi-serverless', complianceType: 'COMPLIANT', vpcId: null }),
  ];

  it('renders one finding per cluster and workgroup, each with the required members within the documented limits', () => {
    const findings = render(all);
    expect(findings).to.have.length(all.length);
    for (const asff of findings) expectValid(asff);
  });

  it('maps the verdict to Compliance.Status PASSED, FAILED and, for NOT_APPLICABLE, NOT_AVAILABLE', () => {
    const status = (complianceType: ClusterFinding['complianceType']) => one(finding({ complianceType })).Compliance;
    expect(status('COMPLIANT')).to.deep.equal({ Status: 'PASSED', SecurityControlId: 'Redshift.7' });
    expect(status('NON_COMPLIANT')).to.deep.equal({ Status: 'FAILED', SecurityControlId: 'Redshift.7' });
    expect(status('NOT_APPLICABLE')).to.deep.equal({ Status: 'NOT_AVAILABLE', SecurityControlId: 'Redshift.7' });
  });

  it('rates NON_COMPLIANT MEDIUM and the others INFORMATIONAL, in Severity and FindingProviderFields', () => {
    const labels = (complianceType: ClusterFinding['complianceType']) => {
      const asff = one(finding({ complianceType }));
      return [asff.Severity.Label, asff.FindingProviderFields.Severity.Label];
    };
    expect(labels('NON_COMPLIANT')).to.deep.equal(['MEDIUM', 'MEDIUM']);
    expect(labels('COMPLIANT')).to.deep.equal(['INFORMATIONAL', 'INFORMATIONAL']);
    expect(labels('NOT_APPLICABLE')).to.deep.equal(['INFORMATIONAL', 'INFORMATIONAL']);
  });

  it('fills the identifying members for a custom integration (the account default product)', () => {
    const asff = one(finding());
    expect(asff).to.deep.include({
      SchemaVersion: '2018-10-08',
      Id: 'redshift-evr/Redshift.7/arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
      ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
      GeneratorId: 'redshift-evr/Redshift.7',
      AwsAccountId: ACCOUNT,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2024-05-01T12:34:56.789Z',
      UpdatedAt: '2024-05-01T12:34:56.789Z',
      Title: 'Redshift.7 Amazon Redshift clusters should use enhanced VPC routing: etl-prod',
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    });
    expect(asff.Resources).to.deep.equal([
      {
        Type: 'AwsRedshiftCluster',
        Id: 'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
        Partition: 'aws',
        Region: 'us-east-1',
        Details: {
          AwsRedshiftCluster: {
            ClusterIdentifier: 'etl-prod',
            EnhancedVpcRouting: false,
            ClusterStatus: 'available',
            VpcId: 'vpc-0ef9de29795b18aee',
          },
        },
      },
    ]);
  });

  it("uses the Region's partition for the product and, when the ARN is missing, builds the cluster ARN", () => {
    const asff = one(finding({ clusterIdentifier: 'gov', region: 'us-gov-west-1', clusterArn: null }));
    expect(asff.ProductArn).to.equal(
      'arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default',
    );
    expect(asff.Resources[0]).to.include({
      Id: 'arn:aws-us-gov:redshift:us-gov-west-1:111122223333:cluster:gov',
      Partition: 'aws-us-gov',
    });
  });

  it('uses the product ARN it is given, and refuses one that is not a Security Hub product ARN', () => {
    const partner = 'arn:aws:securityhub:us-east-1:444455556666:product/acme/scanner';
    expect(one(finding()).ProductArn).not.to.equal(partner);
    expect(render([finding()], partner)[0]?.ProductArn).to.equal(partner);
    expect(() => renderAsff([finding()], { productArn: 'arn:aws:iam::111122223333:role/x' }))
      .to.throw(InputError)
      .with.property('message')
      .that.includes('product/<account-id>/default');
  });

  it('keeps Id stable across runs and distinct across clusters', () => {
    const first = one(finding({ observedAt: '2024-05-01T00:00:00Z' })).Id;
    expect(one(finding({ observedAt: '2024-07-01T00:00:00+02:00', summary: 'other' })).Id).to.equal(first);
    expect(one(finding({ clusterIdentifier: 'bi' })).Id).not.to.equal(first);
    expect(one(finding({ region: 'eu-west-1' })).Id).not.to.equal(first);
  });

  it('writes times as UTC ISO 8601 whatever offset the observation carried', () => {
    expect(one(finding({ observedAt: '2024-07-01T02:00:00+02:00' })).CreatedAt).to.equal('2024-07-01T00:00:00.000Z');
  });

  it('cuts Title, Description and Remediation text to 256, 1024 and 512 characters, ending in an ellipsis', () => {
    const asff = one(
      finding({ clusterIdentifier: 'c'.repeat(300), problems: longProblems, summary: 'S'.repeat(2000) }),
    );
    expectValid(asff);
    expect(asff.Title.length).to.equal(256);
    expect(asff.Description.length).to.equal(1024);
    expect(asff.Remediation?.Recommendation.Text.length).to.equal(512);
    for (const text of [asff.Title, asff.Description, asff.Remediation?.Recommendation.Text]) {
      expect(text?.endsWith('…')).to.equal(true);
    }
  });

  it('does not split a character made of two UTF-16 code units when cutting', () => {
    const asff = one(finding({ summary: `${'S'.repeat(1022)}😀tail` }));
    expect(asff.Description).to.equal(`${'S'.repeat(1022)}…`);
  });

  it('gives every problem and then turning enhanced VPC routing on as the recommendation, linking the control', () => {
    const asff = one(finding({ problems: [dnsProblem()] }));
    expect(asff.Remediation?.Recommendation).to.deep.equal({
      Text: 'VPC vpc-0ef9de29795b18aee has DNS hostnames off (enableDnsHostnames). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0ef9de29795b18aee --enable-dns-hostnames) | Then turn on enhanced VPC routing: redshift-evr remediate --cluster etl-prod (checks the prerequisites first), or aws redshift modify-cluster --cluster-identifier etl-prod --enhanced-vpc-routing (the cluster restarts).',
      Url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-7',
    });
    expect(one(finding({ complianceType: 'COMPLIANT' }))).not.to.have.property('Remediation');
  });

  it('carries what has no ASFF member in ProductFields, leaving out blank values', () => {
    const exempt = one(
      finding({
        complianceType: 'NOT_APPLICABLE',
        vpcId: null,
        prerequisitesMet: null,
        exemption: { tagKey: 'evr-exempt', reason: '' },
      }),
    );
    expect(exempt.ProductFields).to.deep.equal({
      'redshift-evr/ResourceKind': 'cluster',
      'redshift-evr/ComplianceType': 'NOT_APPLICABLE',
      'redshift-evr/ClusterStatus': 'available',
      'redshift-evr/EnhancedVpcRouting': 'false',
      'redshift-evr/PrerequisitesMet': 'unverified',
      'redshift-evr/ExemptionTagKey': 'evr-exempt',
    });
    expect(one(finding({ problems: [s3Problem(), dnsProblem()] })).ProductFields['redshift-evr/Codes']).to.equal(
      'S3_ROUTE_MISSING;DNS_HOSTNAMES_DISABLED',
    );
    const expired = one(
      finding({ ignoredExemption: { tagKey: 'evr-exempt', reason: 'old', until: '2026-01-31', why: 'expired' } }),
    );
    expect(expired.ProductFields['redshift-evr/IgnoredExemption']).to.match(/evr-exempt.*expired.*2026-01-31/);
  });

  it('refuses findings without an account id, naming them and saying how to get one', () => {
    const findings = [
      finding(),
      finding({ clusterIdentifier: 'old-a', accountId: null }),
      finding({ clusterIdentifier: 'old-b', accountId: '12345' }),
    ];
    expect(() => renderAsff(findings, {}))
      .to.throw(InputError)
      .with.property('message')
      .that.matches(/AwsAccountId is required/)
      .and.matches(/2 of them have none or an invalid one: old-a \(us-east-1\), old-b \(us-east-1, account "12345"\)\./)
      .and.matches(/Scan live/)
      .and.matches(/record the snapshot again/);
  });

  it('refuses a workgroup without its ARN, which cannot be built (it ends in a UUID), naming it a workgroup', () => {
    expect(() => renderAsff([finding(), finding({ kind: 'workgroup', clusterArn: null })], {}))
      .to.throw(InputError)
      .with.property('message')
      .that.matches(/and the ARN of every cluster and workgroup, and 1 of them have none or an invalid one: /)
      .and.contains('analytics-serverless (workgroup, us-east-1, account "111122223333")');
  });

  describe('a Redshift Serverless workgroup', () => {
    it('answers RedshiftServerless.1, rated HIGH when it fails (Security Hub controls reference)', () => {
      const asff = one(finding({ kind: 'workgroup' }));
      expectValid(asff);
      expect(asff).to.deep.include({
        Id: `redshift-evr/RedshiftServerless.1/${WORKGROUP_ARN}`,
        GeneratorId: 'redshift-evr/RedshiftServerless.1',
        Title:
          'RedshiftServerless.1 Amazon Redshift Serverless workgroups should use enhanced VPC routing: analytics-serverless',
        Severity: { Label: 'HIGH' },
        Compliance: { Status: 'FAILED', SecurityControlId: 'RedshiftServerless.1' },
      });
      expect(asff.FindingProviderFields.Severity).to.deep.equal({ Label: 'HIGH' });
      expect(one(finding({ kind: 'workgroup', complianceType: 'COMPLIANT' })).Severity).to.deep.equal({
        Label: 'INFORMATIONAL',
      });
    });

    it('is an Other resource (ASFF has no workgroup type) with its ARN and facts in Details.Other', () => {
      expect(one(finding({ kind: 'workgroup' })).Resources).to.deep.equal([
        {
          Type: 'Other',
          Id: WORKGROUP_ARN,
          Partition: 'aws',
          Region: 'us-east-1',
          Details: {
            Other: {
              resourceType: 'AWS::RedshiftServerless::Workgroup',
              workgroupName: 'analytics-serverless',
              status: 'AVAILABLE',
              enhancedVpcRouting: 'false',
              vpcId: 'vpc-0ef9de29795b18aee',
            },
          },
        },
      ]);
      expect(one(finding({ kind: 'workgroup', vpcId: null })).Resources[0]?.Details).to.deep.equal({
        Other: {
          resourceType: 'AWS::RedshiftServerless::Workgroup',
          workgroupName: 'analytics-serverless',
          status: 'AVAILABLE',
          enhancedVpcRouting: 'false',
        },
      });
    });

    it('links the RedshiftServerless.1 page and recommends the workgroup remediation', () => {
      expect(one(finding({ kind: 'workgroup', problems: [dnsProblem()] })).Remediation?.Recommendation).to.deep.equal({
        Text: 'VPC vpc-0ef9de29795b18aee has DNS hostnames off (enableDnsHostnames). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0ef9de29795b18aee --enable-dns-hostnames) | Then turn on enhanced VPC routing: redshift-evr remediate --workgroup analytics-serverless (checks the prerequisites first), or aws redshift-serverless update-workgroup --workgroup-name analytics-serverless --enhanced-vpc-routing.',
        Url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/redshiftserverless-controls.html#redshiftserverless-1',
      });
    });

    it('says it is a workgroup in ProductFields', () => {
      expect(one(finding({ kind: 'workgroup' })).ProductFields).to.include({
        'redshift-evr/ResourceKind': 'workgroup',
        'redshift-evr/ClusterStatus': 'AVAILABLE',
      });
      expect(one(finding()).ProductFields).to.include({ 'redshift-evr/ResourceKind': 'cluster' });
    });

    it('keeps its finding apart from a cluster of the same name', () => {
      const cluster = one(finding({ clusterIdentifier: 'shared' }));
      const workgroup = one(finding({ kind: 'workgroup', clusterIdentifier: 'shared' }));
      expect(workgroup.Id).not.to.equal(cluster.Id);
    });
  });

  it('renders an empty array for no findings', () => {
    expect(renderAsff([], {})).to.equal('[]\n');
  });

  it('has a schema that rejects what BatchImportFindings rejects (so the validity checks above can fail)', () => {
    const asff = one(finding());
    const broken: Record<string, unknown>[] = [
      { ...asff, Title: 'T'.repeat(257) },
      { ...asff, Description: 'D'.repeat(1025) },
      { ...asff, Remediation: { Recommendation: { Text: 'R'.repeat(513) } } },
      { ...asff, Id: 'I'.repeat(513) },
      { ...asff, GeneratorId: 'G'.repeat(513) },
      { ...asff, AwsAccountId: '1111222233' },
      { ...asff, Types: ['AWS Security Best Practices'] },
      { ...asff, Compliance: { Status: 'NOT_APPLICABLE' } },
      { ...asff, CreatedAt: '2024-05-01 12:00:00' },
      { ...asff, Resources: [] },
      { ...asff, Resources: [{ ...asff.Resources[0], Details: { Other: { status: 'S'.repeat(1024) } } }] },
      { ...asff, Resources: [{ ...asff.Resources[0], Details: { Other: { ['k'.repeat(128)]: 'v' } } }] },
      { ...asff, Description: '   ' },
      Object.fromEntries(Object.entries(asff).filter(([key]) => key !== 'ProductArn')),
    ];
    for (const candidate of broken)
      expect(validate(candidate), JSON.stringify(candidate).slice(0, 200)).to.equal(false);
  });
});
